-- ESR / NWD staff groups (source-extracts.md §2.3.1) with the labels seen in the wild.
CREATE OR REPLACE TABLE ref.staff_group AS
SELECT * FROM (VALUES
    ('medical and dental', '01', 'Medical and Dental'),
    ('students', '02', 'Students'),
    ('nursing and midwifery registered', '03', 'Nursing and Midwifery Registered'),
    ('allied health professionals', '04', 'Allied Health Professionals'),
    ('allied health professional', '04', 'Allied Health Professionals'),
    ('additional professional scientific and technical', '05', 'Additional Professional Scientific and Technical'),
    ('add prof scientific and technic', '05', 'Additional Professional Scientific and Technical'),
    ('add prof scientific and technical', '05', 'Additional Professional Scientific and Technical'),
    ('professional, scientific and technical', '05', 'Additional Professional Scientific and Technical'),
    ('healthcare scientists', '06', 'Healthcare Scientists'),
    ('healthcare scientist', '06', 'Healthcare Scientists'),
    ('additional clinical services', '07', 'Additional Clinical Services'),
    ('administrative and clerical', '08', 'Administrative and Clerical'),
    ('estates and ancillary', '09', 'Estates and Ancillary'),
    ('supplementary roles', '10', 'Supplementary Roles')
) AS t(label, nwd_code, staff_group);

COMMENT ON TABLE ref.staff_group IS 'ESR / NHS Workforce Dataset staff groups (source-extracts.md §2.3.1) with the labels seen in extracts.';
COMMENT ON COLUMN ref.staff_group.label IS 'Staff group wording, lower case.';
COMMENT ON COLUMN ref.staff_group.nwd_code IS 'NHS Workforce Dataset staff group code 01-10.';
COMMENT ON COLUMN ref.staff_group.staff_group IS 'Canonical staff group name, as breakdown_value of the staff_group breakdowns.';
