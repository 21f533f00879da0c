-- MAT bulk upload (issue 7d): the received files a trust's admin sent on a
-- school's behalf, so the school sees "uploaded by the trust" and the trust
-- sees its uploads. file_id has no foreign key on purpose: a received file may
-- be deleted (issue 7b) and this row then simply no longer joins.

CREATE TABLE trust_upload (
	file_id INTEGER PRIMARY KEY,
	trust_id INTEGER NOT NULL REFERENCES trust (id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX trust_upload_trust ON trust_upload (trust_id, file_id);
