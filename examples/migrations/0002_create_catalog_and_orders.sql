-- Expected: no-float-for-money (products.price), naming-foreign-key-column (orders.referrer), naming-table (order_item), naming-index (ix_order_item_order_id), foreign-key-missing-index (order_item.product_id)

-- Creating foreign keys locks the referenced tables; don't queue behind a long transaction.
SET lock_timeout = '5s';

CREATE TABLE products (
    id           bigserial PRIMARY KEY,
    tenant_id    bigint NOT NULL REFERENCES tenants (id),
    sku          varchar(64) NOT NULL,
    name         varchar(200) NOT NULL,
    description  text,
    price        double precision NOT NULL,
    is_active    boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Leads with tenant_id, so it also serves as the index for the tenant_id foreign key.
    CONSTRAINT uq_products_tenant_id_sku UNIQUE (tenant_id, sku)
);

ALTER TABLE products ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON products
    USING (tenant_id = current_setting('app.tenant_id')::bigint);

CREATE TABLE orders (
    id          bigserial PRIMARY KEY,
    -- Indexed later, in 0004 (idx_orders_user_id_placed_at).
    user_id     bigint NOT NULL REFERENCES users (id),
    -- The customer who shared the referral link.
    referrer    bigint REFERENCES users (id),
    status      varchar(20) NOT NULL DEFAULT 'pending'
                CONSTRAINT chk_orders_status CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
    total       numeric(12, 2) NOT NULL,
    placed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_orders_referrer ON orders (referrer);

CREATE TABLE order_item (
    id          bigserial PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id  bigint NOT NULL REFERENCES products (id),
    quantity    integer NOT NULL CONSTRAINT chk_order_item_quantity CHECK (quantity > 0),
    unit_price  numeric(12, 2) NOT NULL
);
CREATE INDEX ix_order_item_order_id ON order_item (order_id);
