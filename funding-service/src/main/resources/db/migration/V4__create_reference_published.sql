-- What funding-service last told other services about each cohort and schedule (CohortDefined /
-- ScheduleDefined on funding.reference.v1): a row's digest changes only when the row does, so seeds,
-- imports and restarts publish each change exactly once.
CREATE TABLE reference_published (
    kind          varchar(20)  NOT NULL,
    key           varchar(60)  NOT NULL,
    digest        varchar(64)  NOT NULL,
    published_at  timestamptz  NOT NULL,
    PRIMARY KEY (kind, key)
);
