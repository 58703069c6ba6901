/* a block comment; with semicolons */
/* nested /* inner; */ still comment; */
SELECT 1 /* inline */ + /**/ 2; -- trailing; comment
SELECT 2 --+ operator-looking comment
;
/* stars *** inside **/ SELECT 3;
SELECT 4 */* multiply then comment */ 5;
--
SELECT '/* not a comment */', '-- not a comment';
