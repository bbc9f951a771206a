-- Expected: prefer-bigint-key (users.id), naming-boolean (users.verified), naming-timestamp (users.last_login), prefer-timestamptz (users.created_at), no-select-star (verified_users)

-- Shops on the platform. Catalogue data is isolated per tenant with row-level security.
CREATE TABLE tenants (
    id          bigserial PRIMARY KEY,
    name        varchar(200) NOT NULL,
    slug        varchar(100) NOT NULL CONSTRAINT uq_tenants_slug UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Customer accounts are global: one login buys from every shop.
CREATE TABLE users (
    id             serial PRIMARY KEY,
    email          varchar(255) NOT NULL CONSTRAINT uq_users_email UNIQUE,
    password_hash  varchar(255) NOT NULL,
    full_name      varchar(200),
    verified       boolean NOT NULL DEFAULT false,
    last_login     timestamptz,
    created_at     timestamp NOT NULL DEFAULT now()
);

CREATE VIEW verified_users AS
SELECT * FROM users WHERE verified;
