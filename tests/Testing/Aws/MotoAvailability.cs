using System.Diagnostics;

namespace Pipeline.Testing.Aws;

/// <summary>Whether <c>python3 -m moto.server</c> can run here (moto installed for python3).</summary>
public static class MotoAvailability
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>
    /// True when moto tests must run and fail rather than skip: PIPELINE_REQUIRE_MOTO=1, or PIPELINE_REQUIRE_DOCKER=1 (CI).
    /// </summary>
    public static bool Required =>
        Environment.GetEnvironmentVariable("PIPELINE_REQUIRE_MOTO") == "1" || DockerEngine.Required;

    /// <summary>Null when moto can start; otherwise why moto tests are skipped.</summary>
    public static string? UnavailableReason => Reason.Value;

    private static string? Probe()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("python3")
            {
                ArgumentList = { "-c", "import moto.server, botocore" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (probe is null)
            {
                return "no moto: python3 did not start";
            }

            var error = probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0
                ? null
                : $"no moto: python3 cannot import moto.server ({error.Trim().Split('\n').LastOrDefault()}); install it with pip install 'moto[server]'";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"no moto: python3 is not on PATH ({e.Message})";
        }
    }
}
