-- Expected: require-where (UPDATE products SET description), unsafe-set-not-null (products.description), no-offset-pagination (second search_name batch), concurrent-index-in-transaction (idx_products_search_name)

BEGIN;

SET lock_timeout = '5s';

-- Product pages now require a description.
UPDATE products SET description = coalesce(description, '');
ALTER TABLE products ALTER COLUMN description SET NOT NULL;

-- Case-insensitive product search, backfilled in batches of 50k.
ALTER TABLE products ADD COLUMN search_name text;
UPDATE products SET search_name = lower(name)
WHERE id IN (SELECT id FROM products ORDER BY id LIMIT 50000);
UPDATE products SET search_name = lower(name)
WHERE id IN (SELECT id FROM products ORDER BY id LIMIT 50000 OFFSET 50000);
CREATE INDEX CONCURRENTLY idx_products_search_name ON products (search_name);

COMMIT;
