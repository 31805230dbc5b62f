-- force_populations: resident population and children aged 0-17 for the 43
-- police force areas of England and Wales.  APPROXIMATE AND SYNTHETIC, NOT
-- PUBLISHED FIGURES (see test/data/README.md, "Populations"):
--   population: approximate mid-2017 resident populations, rounded to the
--     nearest thousand, written from memory of the order of ONS mid-year
--     estimates for police force areas; not checked against the published
--     table (this machine cannot reach ONS).  They sum to 58,838,000, near the
--     published mid-2017 total for England and Wales (about 58.7 million).
--   children: SYNTHETIC: population times an assumed share aged 0-17
--     (children_share, 0.12 to 0.24), rounded to the nearest hundred; they
--     sum to 12,510,400.
-- Use them to try the comparison functions, never as official figures.
DROP TABLE IF EXISTS force_populations;
CREATE TABLE force_populations (
    force text PRIMARY KEY,
    population bigint NOT NULL,
    children bigint NOT NULL,
    children_share numeric NOT NULL
);
COMMENT ON TABLE force_populations IS
'Approximate resident populations (mid-2017, rounded, not checked against ONS) and SYNTHETIC children aged 0-17 (population x an assumed share) of the 43 police force areas; see test/data/README.md.';
COPY force_populations (force, population, children, children_share) FROM stdin;
Avon and Somerset	1672000	342800	0.205
Bedfordshire	669000	157200	0.235
Cambridgeshire	852000	183200	0.215
Cheshire	1059000	217100	0.205
City of London	8000	1000	0.12
Cleveland	566000	121700	0.215
Cumbria	498000	94600	0.19
Derbyshire	1048000	214800	0.205
Devon and Cornwall	1752000	332900	0.19
Dorset	772000	142800	0.185
Durham	632000	126400	0.2
Dyfed-Powys	516000	98000	0.19
Essex	1818000	390900	0.215
Gloucestershire	628000	128700	0.205
Greater Manchester	2798000	629600	0.225
Gwent	585000	122800	0.21
Hampshire	1988000	407500	0.205
Hertfordshire	1184000	266400	0.225
Humberside	927000	194700	0.21
Kent	1836000	394700	0.215
Lancashire	1497000	314400	0.21
Leicestershire	1089000	234100	0.215
Lincolnshire	751000	146400	0.195
Merseyside	1423000	291700	0.205
Metropolitan Police	8817000	1983800	0.225
Norfolk	899000	170800	0.19
North Wales	698000	136100	0.195
North Yorkshire	817000	155200	0.19
Northamptonshire	741000	166700	0.225
Northumbria	1459000	284500	0.195
Nottinghamshire	1155000	236800	0.205
South Wales	1331000	266200	0.2
South Yorkshire	1403000	294600	0.21
Staffordshire	1126000	225200	0.2
Suffolk	757000	155200	0.205
Surrey	1189000	261600	0.22
Sussex	1703000	340600	0.2
Thames Valley	2394000	538600	0.225
Warwickshire	565000	115800	0.205
West Mercia	1282000	256400	0.2
West Midlands	2897000	695300	0.24
West Yorkshire	2321000	522200	0.225
Wiltshire	716000	150400	0.21
\.
