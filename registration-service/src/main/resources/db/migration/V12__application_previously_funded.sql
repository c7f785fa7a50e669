-- funding-service's live "previously funded" judgement of each application (PreviouslyFundedChanged, d3): v3 shows
-- eligible_for_funding false and ineligible_for_funding_reason previously-funded while it holds.
ALTER TABLE application ADD COLUMN previously_funded boolean NOT NULL DEFAULT false;

-- the judge reads a person's applications in a course family (service.PreviouslyFunded)
CREATE INDEX application_person_course ON application (person_id, course_identifier);

-- the applications there are now are judged once, as the judge would
UPDATE application x SET previously_funded = EXISTS (
    SELECT 1 FROM application o JOIN person op ON op.id = o.person_id, person xp
    WHERE xp.id = x.person_id AND o.id <> x.id
      AND (o.course_identifier = x.course_identifier
           OR (o.course_identifier IN ('npq-early-headship-coaching-offer', 'npq-additional-support-offer')
               AND x.course_identifier IN ('npq-early-headship-coaching-offer', 'npq-additional-support-offer')))
      AND o.status = 'accepted' AND o.eligible_for_funding AND coalesce(o.funded_place, true)
      AND (o.person_id = x.person_id OR (xp.trn_verified AND op.trn_verified AND op.trn = xp.trn)));
