-- Violations already delivered to an alert sink (a webhook URL), so each is sent once, across restarts.
CREATE TABLE IF NOT EXISTS alert_deliveries (
    sink         VARCHAR NOT NULL,
    agreement    VARCHAR NOT NULL,
    rule         VARCHAR NOT NULL,
    event_id     VARCHAR NOT NULL,
    attempts     INTEGER,
    delivered_at TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (sink, agreement, rule, event_id)
);
