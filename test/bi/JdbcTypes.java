// JdbcTypes: what a JDBC application (Metabase, DBeaver) sees of a query's
// result: for each line "label<TAB>SQL" of standard input, runs the SQL
// through the PostgreSQL JDBC driver and prints one line per result column
//     label|column|java.sql.Types name|driver type name|rows fetched|Java class of the first non-NULL value
// Usage: java -cp /usr/share/java/postgresql.jar:. JdbcTypes URL USER < queries
// (test/stages/87-bi-drivers.sh).  Exits non-zero on any error.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.sql.*;
import java.util.HashMap;
import java.util.Map;

public class JdbcTypes {
    public static void main(String[] args) throws Exception {
        Map<Integer, String> typeNames = new HashMap<>();
        for (Field f : Types.class.getFields())
            typeNames.put(f.getInt(null), f.getName());
        try (Connection c = DriverManager.getConnection(args[0], args[1], args.length > 2 ? args[2] : "")) {
            c.setReadOnly(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf('\t');
                if (tab < 0) continue;
                String label = line.substring(0, tab);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(line.substring(tab + 1))) {
                    ResultSetMetaData md = rs.getMetaData();
                    int n = md.getColumnCount();
                    String[] cls = new String[n];
                    long rows = 0;
                    while (rs.next()) {
                        rows++;
                        for (int i = 0; i < n; i++) {
                            Object o = rs.getObject(i + 1);
                            if (cls[i] == null && o != null) cls[i] = o.getClass().getName();
                        }
                    }
                    for (int i = 0; i < n; i++)
                        System.out.println(label + "|" + md.getColumnLabel(i + 1) + "|"
                            + typeNames.getOrDefault(md.getColumnType(i + 1), "?" + md.getColumnType(i + 1)) + "|"
                            + md.getColumnTypeName(i + 1) + "|" + rows + "|" + (cls[i] == null ? "NULL" : cls[i]));
                }
            }
        }
    }
}
