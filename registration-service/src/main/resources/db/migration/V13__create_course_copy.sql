-- The copy of funding-service's courses (CourseDefined on funding.reference.v1, whole state, npq-domain.md f1):
-- funding owns the courses as data; this service checks course identifiers, groups, families and whether outcomes
-- apply against this copy (platform CourseCopies writes it, CourseCatalogue reads it; the columns are funding's).
-- A course not yet received is no course. occurred_at: the newest event wins.
CREATE TABLE course (
    identifier    varchar(100) PRIMARY KEY,
    name          varchar(100) NOT NULL,
    short_code    varchar(20)  NOT NULL,
    course_group  varchar(20)  NOT NULL,
    family        varchar(100) NOT NULL,
    has_outcomes  boolean      NOT NULL,
    occurred_at   timestamptz  NOT NULL
);
