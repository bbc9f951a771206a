-- Expected: no findings

SET lock_timeout = '5s';

CREATE TABLE shipments (
    id               bigserial PRIMARY KEY,
    order_id         bigint NOT NULL REFERENCES orders (id) ON DELETE RESTRICT,
    carrier          varchar(50) NOT NULL,
    tracking_number  varchar(100),
    is_insured       boolean NOT NULL DEFAULT false,
    shipping_cost    numeric(12, 2) NOT NULL DEFAULT 0,
    shipped_at       timestamptz,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chk_shipments_delivered_after_shipped CHECK (delivered_at >= shipped_at)
);
CREATE INDEX idx_shipments_order_id ON shipments (order_id);

-- A constant default makes this a metadata-only change (PostgreSQL 11+).
ALTER TABLE orders ADD COLUMN shipping_method varchar(20) NOT NULL DEFAULT 'standard';
-- NOT VALID: checked for new rows now, for existing rows by VALIDATE without blocking writes.
ALTER TABLE orders
    ADD CONSTRAINT chk_orders_shipping_method
    CHECK (shipping_method IN ('standard', 'express', 'pickup')) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT chk_orders_shipping_method;
