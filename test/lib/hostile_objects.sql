-- Traps for search_path hijacking, planted by the (non-superuser) database
-- owner before CREATE EXTENSION fairness: objects named like everything the
-- install script could resolve (built-in types, I/O functions, operators,
-- the extension's own function names), in public, in a schema named like
-- ours, and in pg_temp (the install script runs as the bootstrap superuser,
-- so a trap that fired there would run with superuser rights).  Each trap
-- records where it fired in public.evidence and tries to make the planter a
-- superuser.  Run as the planter, who must own the database.
CREATE TABLE public.evidence (trap pg_catalog.text, ran_as pg_catalog.text, at timestamptz DEFAULT pg_catalog.now());
GRANT ALL ON public.evidence TO PUBLIC;

CREATE FUNCTION public.trap(name pg_catalog.text) RETURNS boolean LANGUAGE plpgsql
SET search_path = pg_catalog AS $$
BEGIN
	INSERT INTO public.evidence (trap, ran_as) VALUES (name, current_user);
	BEGIN
		EXECUTE pg_catalog.format('ALTER ROLE %I SUPERUSER', session_user);
	EXCEPTION WHEN others THEN NULL;
	END;
	RETURN true;
END $$;

-- built-in type names, as domains and composite types
CREATE DOMAIN public.text AS pg_catalog.text CHECK (public.trap('domain public.text'));
CREATE DOMAIN public.float8 AS pg_catalog.float8 CHECK (public.trap('domain public.float8'));
CREATE DOMAIN public.jsonb AS pg_catalog.jsonb CHECK (public.trap('domain public.jsonb'));
CREATE DOMAIN public.bytea AS pg_catalog.bytea CHECK (public.trap('domain public.bytea'));
CREATE DOMAIN public.int8 AS pg_catalog.int8 CHECK (public.trap('domain public.int8'));
CREATE DOMAIN public.bool AS pg_catalog.bool CHECK (public.trap('domain public.bool'));
CREATE TYPE public.cstring AS (x int);
CREATE TYPE public.internal AS (x int);
CREATE TYPE public.confusion AS (x int);

-- functions with the names of built-in I/O and helpers, and of ours (a
-- non-superuser cannot declare cstring arguments in a trusted language: the
-- I/O names take text, which a call with a literal would resolve to)
CREATE FUNCTION public.jsonb_in(pg_catalog.text) RETURNS pg_catalog.jsonb LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.jsonb_in'); RETURN '{}'; END $$;
CREATE FUNCTION public.textin(pg_catalog.text) RETURNS pg_catalog.text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.textin'); RETURN ''; END $$;
CREATE FUNCTION public.version() RETURNS pg_catalog.text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.version'); RETURN 'evil'; END $$;
CREATE FUNCTION public.format(pg_catalog.text, VARIADIC pg_catalog.text[]) RETURNS pg_catalog.text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.format'); RETURN ''; END $$;
CREATE FUNCTION public.confusion_in(pg_catalog.text) RETURNS pg_catalog.text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.confusion_in'); RETURN ''; END $$;
CREATE FUNCTION public.confusion_trans(anyelement, pg_catalog.text, boolean, boolean) RETURNS anyelement LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.confusion_trans'); RETURN $1; END $$;
CREATE FUNCTION public.confusion_combine(anyelement, anyelement) RETURNS anyelement LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.confusion_combine'); RETURN $1; END $$;
CREATE FUNCTION public.merge(anyelement, anyelement) RETURNS anyelement LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.merge'); RETURN $1; END $$;
CREATE FUNCTION public.total(anyelement) RETURNS bigint LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function public.total'); RETURN 0; END $$;

-- operators the script or the C code could be resolving
CREATE FUNCTION public.evil_op(pg_catalog.text, pg_catalog.text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RETURN public.trap('operator on text'); END $$;
CREATE OPERATOR public.= (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text, FUNCTION = public.evil_op);
CREATE OPERATOR public.<> (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text, FUNCTION = public.evil_op);
CREATE OPERATOR public.< (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text, FUNCTION = public.evil_op);
CREATE FUNCTION public.evil_concat(pg_catalog.text, pg_catalog.text) RETURNS pg_catalog.text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('operator || on text'); RETURN $1; END $$;
CREATE OPERATOR public.|| (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text, FUNCTION = public.evil_concat);
CREATE FUNCTION public.evil_int(integer, integer) RETURNS integer LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('operator on integer'); RETURN 0; END $$;
CREATE OPERATOR public.+ (LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.evil_int);
CREATE OPERATOR public.= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.evil_int);

-- a schema named like ours, differing in case
CREATE SCHEMA "Fairness";
CREATE FUNCTION "Fairness".confusion_in(pg_catalog.text) RETURNS pg_catalog.text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function "Fairness".confusion_in'); RETURN ''; END $$;
CREATE FUNCTION "Fairness".version() RETURNS pg_catalog.text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.trap('function "Fairness".version'); RETURN 'evil'; END $$;
