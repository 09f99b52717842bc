// Runs DCC's signing tool (uk.co.smartdcc.boxed.xmldsig, GPL-3.0, on the class path at test time,
// never in this repository) over many files in one JVM. Our own code (Apache-2.0).
//
// Usage: java -cp tool.jar DuisToolBatch.java <jobs file>
// Each line of the jobs file: sign|validate <TAB> output file <TAB> the tool's own arguments...
// The tool's standard output goes to the output file, its log to <output>.log; this program prints
// "<output> <TAB> <result code>" per job.
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;

public class DuisToolBatch {
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        Method sign = Class.forName("uk.co.smartdcc.boxed.xmldsig.Sign").getMethod("main_aux", String[].class);
        Method validate = Class.forName("uk.co.smartdcc.boxed.xmldsig.Validate").getMethod("main_aux", String[].class);
        for (String line : Files.readAllLines(Paths.get(args[0]))) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            String target = fields[1];
            String[] toolArgs = Arrays.copyOfRange(fields, 2, fields.length);
            String result;
            try (PrintStream file = new PrintStream(new FileOutputStream(target));
                 PrintStream log = new PrintStream(new FileOutputStream(target + ".log"))) {
                System.setOut(file);
                System.setErr(log);
                Object code = ("sign".equals(fields[0]) ? sign : validate).invoke(null, (Object) toolArgs);
                result = String.valueOf(code);
            } catch (Exception e) {
                result = "EXCEPTION " + e.getCause();
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            out.println(target + "\t" + result);
        }
    }
}
