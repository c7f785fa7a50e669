-- Two merged branches each indexed application_funding by participant: V10 (partial, trn_verified rows, for the
-- preview's own-TRN lookup) and V12 (all rows, for merges and TRN checks). V12's serves both; V10's is dropped.
DROP INDEX IF EXISTS application_funding_participant_verified;
