-- Strings of every kind; semicolons inside them do not end statements.
SELECT 'plain; text', 'it''s', '';
SELECT E'escaped \' quote; and \\ backslash', e'\n', E'\\';
SELECT 'first part'
  'continued; part';
SELECT E'extended'

  'still extended \' here';
SELECT U&'d\0061t\+000061', B'1010', X'FF', N'national';
SELECT 'é ünïcödé ; 😀', "quoted ""ident"" ; with 😀";
SELECT ident$with$dollars, "E'not a string" FROM "x'y";
SELECT name'a\'; -- a type name ending in e, then a plain string (not an E'' string)
