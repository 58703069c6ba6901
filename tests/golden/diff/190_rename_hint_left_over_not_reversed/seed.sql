INSERT INTO core.accounts VALUES (1, 'Ada');
