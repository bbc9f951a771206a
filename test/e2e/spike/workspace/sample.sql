-- spike fixture
SELECT * FROM users;
