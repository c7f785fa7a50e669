-- The W3C trace context of the transaction that published the event (issue 17: one registration is one trace across the
-- services). The outbox breaks the thread on which the request's span is current: the relay publishes later, from its
-- own thread, so each row keeps its request's traceparent (and tracestate) and the relay sends them as Kafka headers,
-- which the consumers continue. Null when tracing is off (the default) or the event was published outside a trace.
ALTER TABLE outbox_event ADD COLUMN traceparent varchar(55), ADD COLUMN tracestate varchar(512);
