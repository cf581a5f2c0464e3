namespace Pipeline.Aws.Tests.Conformance;

/// <summary>
/// The official models in the repository: <c>tests/TestData/aws-models/</c> under the directory holding Pipeline.sln.
/// They are part of the repository, so a missing file is a failure, never a skip.
/// </summary>
internal static class ModelFiles
{
    public const string Ecr = "ecr-2015-09-21.service-2.json";
    public const string Ecs = "ecs-2014-11-13.service-2.json";
    public const string Lambda = "lambda-2015-03-31.service-2.json";
    public const string LambdaWaiters = "lambda-2015-03-31.waiters-2.json";
    public const string CloudWatch = "monitoring-2010-08-01.service-2.json";
    public const string Logs = "logs-2014-03-28.service-2.json";

    public static string Directory { get; } = FindDirectory();

    public static string PathOf(string file)
    {
        var path = Path.Combine(Directory, file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"the AWS model {path} is missing from the repository (see tests/TestData/aws-models/README.md)", path);
    }

    private static string FindDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "TestData", "aws-models");
            }
        }

        throw new DirectoryNotFoundException($"no Pipeline.sln above {AppContext.BaseDirectory}: the AWS models in tests/TestData/aws-models cannot be located");
    }
}
