-- Expected: require-lock-timeout (ALTER TABLE users, before the SET), not-null-without-default (users.country_code), tenant-table-without-rls (coupons), foreign-key-not-valid (fk_orders_coupon_id), require-concurrent-index (idx_orders_user_id_placed_at), no-char-type (users.country_code)
-- Runs outside a transaction block (CREATE INDEX CONCURRENTLY below).

ALTER TABLE users ADD COLUMN country_code char(2) NOT NULL;

SET lock_timeout = '5s';

CREATE TABLE coupons (
    id                bigserial PRIMARY KEY,
    tenant_id         bigint NOT NULL REFERENCES tenants (id),
    code              varchar(50) NOT NULL,
    discount_percent  numeric(5, 2) NOT NULL
                      CONSTRAINT chk_coupons_discount_percent CHECK (discount_percent > 0 AND discount_percent <= 100),
    expires_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_coupons_tenant_id_code UNIQUE (tenant_id, code)
);

ALTER TABLE orders ADD COLUMN coupon_id bigint;
CREATE INDEX CONCURRENTLY idx_orders_coupon_id ON orders (coupon_id);
ALTER TABLE orders ADD CONSTRAINT fk_orders_coupon_id FOREIGN KEY (coupon_id) REFERENCES coupons (id);

-- Order history page: WHERE user_id = $1 ORDER BY placed_at DESC.
-- Also covers the orders.user_id foreign key from 0002.
CREATE INDEX idx_orders_user_id_placed_at ON orders (user_id, placed_at);
