-- The course table (seeded in V2, read by nobody until now) becomes the courses as data: funding-service publishes
-- each row as CourseDefined on funding.reference.v1 and serves it at GET /api/v1/reference/courses. It gains what the
-- rules need beside the group: the funding family (a scholarship is once per family, d3; EHCO and ASO are one) and
-- whether outcomes apply (leadership and specialist courses, f1). CourseCatalogueTest keeps it equal to
-- uk.npq.contracts.Courses, the one Java source the services still check identifiers against.
ALTER TABLE course ADD COLUMN family varchar(100);
UPDATE course SET family = CASE WHEN course_group IN ('ehco', 'support') THEN 'ehco' ELSE identifier END;
ALTER TABLE course ALTER COLUMN family SET NOT NULL;
ALTER TABLE course ADD COLUMN has_outcomes boolean;
UPDATE course SET has_outcomes = course_group IN ('leadership', 'specialist');
ALTER TABLE course ALTER COLUMN has_outcomes SET NOT NULL;
