namespace Pipeline.Aws.Tests.Conformance;

/// <summary>Where the official models live: <c>../shared/reference/aws-models/</c> beside the repository root (the directory with Pipeline.sln).</summary>
internal static class ModelFiles
{
    public const string Ecr = "ecr-2015-09-21.service-2.json";
    public const string Ecs = "ecs-2014-11-13.service-2.json";

    public static string? RepositoryRoot { get; } = FindRoot();

    public static string PathOf(string file) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot ?? ".", "..", "shared", "reference", "aws-models", file));

    public static string? MissingReason(string file)
    {
        if (RepositoryRoot is null)
        {
            return $"no Pipeline.sln above {AppContext.BaseDirectory}, so the AWS models cannot be located";
        }

        var path = PathOf(file);
        return File.Exists(path) ? null : $"the official AWS model {path} is absent";
    }

    private static string? FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs an official AWS model file; skipped with the reason when the file is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ModelFactAttribute : FactAttribute
{
    public ModelFactAttribute(string modelFile)
    {
        if (ModelFiles.MissingReason(modelFile) is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs an official AWS model file; skipped with the reason when the file is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ModelTheoryAttribute : TheoryAttribute
{
    public ModelTheoryAttribute(string modelFile)
    {
        if (ModelFiles.MissingReason(modelFile) is { } reason)
        {
            Skip = reason;
        }
    }
}
