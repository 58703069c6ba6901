SELECT name = 'Ada' AND email IS NULL FROM core.accounts WHERE id = 1;
