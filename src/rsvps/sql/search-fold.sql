-- search_fold: a name or address as people type it, for the attendee search: Latin letters lose
-- their accents and case ("Núñez" → "nunez", "Ångström" → "angstrom"), ß/æ/œ become ss/ae/oe.
-- Plain translate() rather than the unaccent extension, so it needs no extension rights on a
-- managed PostgreSQL and folds the same whatever the database's locale (lower() of a non-ASCII
-- letter depends on it; these letters are ASCII by then). Combining accents (text typed
-- decomposed, as some phones send it) are dropped first.
-- The migration runner applies this file again whenever it changes (src/database/migrations.ts).
CREATE OR REPLACE FUNCTION search_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(translate(
    replace(replace(replace(replace(replace(
      regexp_replace(value, '[' || chr(768) || '-' || chr(879) || ']', '', 'g'),
      'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe'),
    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžØøĐđĦħŁłı',
    'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzooddhhlli'
  ))
$$;
