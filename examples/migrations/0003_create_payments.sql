-- Expected: no-float-for-money (payments.fee), naming-column (payments."providerRef"), naming-constraint (positive_amount), require-primary-key (payment_webhooks), prefer-in-over-or (open_payments), no-grant-all (GRANT ALL ON payments), no-char-type (payments.currency)

-- Creating foreign keys locks the referenced tables; don't queue behind a long transaction.
SET lock_timeout = '5s';

CREATE TABLE payments (
    id             bigserial PRIMARY KEY,
    order_id       bigint NOT NULL REFERENCES orders (id),
    amount         numeric(12, 2) NOT NULL,
    fee            money,
    currency       char(3) NOT NULL DEFAULT 'EUR',
    status         varchar(20) NOT NULL DEFAULT 'pending'
                   CONSTRAINT chk_payments_status
                   CHECK (status IN ('pending', 'authorized', 'captured', 'failed', 'refunded')),
    "providerRef"  varchar(100),
    paid_at        timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT positive_amount CHECK (amount > 0)
);
CREATE INDEX idx_payments_order_id ON payments (order_id);

-- Raw webhook payloads from the payment provider, kept for disputes.
CREATE TABLE payment_webhooks (
    provider     varchar(50) NOT NULL,
    event_type   varchar(100) NOT NULL,
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);

-- Payments the billing dashboard still has to look at.
CREATE VIEW open_payments AS
SELECT id, order_id, amount, currency, status, created_at
FROM payments
WHERE status = 'pending' OR status = 'authorized';

GRANT ALL ON payments TO billing_service;
