-- CTF sequence numbers (issue 6): a school's CTF file names end in a 3-digit
-- number counted per destination ("888LLLL", "NAALLLL", "XXXXXXX", "MMMMMMM" or
-- another school's LAESTAB): _001, _002, ... and after 999 again 001.

CREATE TABLE ctf_sequence (
	establishment_id BIGINT NOT NULL REFERENCES establishment (id),
	destination TEXT COLLATE "C" NOT NULL CHECK (length(destination) = 7),
	last_seq INTEGER NOT NULL CHECK (last_seq BETWEEN 1 AND 999),
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (establishment_id, destination)
);
