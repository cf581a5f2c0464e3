namespace Pipeline.Testing;

/// <summary>
/// Images the integration tests run. Users pull the official ones; machines without Docker Hub set the variables to the
/// images eng/offline-images/build.sh makes (.ci/run does).
/// </summary>
public static class TestImages
{
    public static string Postgres => From("PIPELINE_POSTGRES_IMAGE", "postgres:17-alpine");

    public static string AspNet => From("PIPELINE_ASPNET_IMAGE", "mcr.microsoft.com/dotnet/aspnet:10.0");

    public static string Debian => From("PIPELINE_DEBIAN_IMAGE", "debian:bookworm-slim");

    private static string From(string variable, string official) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } image ? image : official;
}
