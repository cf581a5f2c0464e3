namespace Pipeline.Aws.Lambda;

/// <summary>
/// Enum values of the Lambda model that Pipeline sends or tests for. Responses are read as plain strings, so a value AWS
/// adds later never breaks parsing; compare against these constants.
/// </summary>
public static class LambdaValues
{
    /// <summary>The version an unqualified function name means.</summary>
    public const string Latest = "$LATEST";

    /// <summary><c>State</c> of a function or version.</summary>
    public static class State
    {
        public const string Pending = "Pending";
        public const string Active = "Active";
        public const string Inactive = "Inactive";
        public const string Failed = "Failed";
    }

    /// <summary><c>LastUpdateStatus</c>.</summary>
    public static class UpdateStatus
    {
        public const string Successful = "Successful";
        public const string Failed = "Failed";
        public const string InProgress = "InProgress";
    }

    /// <summary><c>PackageType</c>.</summary>
    public static class PackageType
    {
        public const string Zip = "Zip";
        public const string Image = "Image";
    }

    /// <summary><c>InvocationType</c>.</summary>
    public static class InvocationType
    {
        public const string RequestResponse = "RequestResponse";
        public const string Event = "Event";
        public const string DryRun = "DryRun";
    }

    /// <summary><c>LogType</c>.</summary>
    public static class LogType
    {
        public const string None = "None";
        public const string Tail = "Tail";
    }
}
