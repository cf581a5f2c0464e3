namespace Pipeline.Aws.CloudWatch;

/// <summary>Enum values of the CloudWatch model that Pipeline sends or tests for; responses keep them as plain strings.</summary>
public static class CloudWatchValues
{
    /// <summary><c>StateValue</c> of an alarm.</summary>
    public static class StateValue
    {
        public const string Ok = "OK";
        public const string Alarm = "ALARM";
        public const string InsufficientData = "INSUFFICIENT_DATA";
    }

    /// <summary><c>ComparisonOperator</c>.</summary>
    public static class ComparisonOperator
    {
        public const string GreaterThanThreshold = "GreaterThanThreshold";
        public const string GreaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold";
        public const string LessThanThreshold = "LessThanThreshold";
        public const string LessThanOrEqualToThreshold = "LessThanOrEqualToThreshold";
    }

    /// <summary><c>Statistic</c>.</summary>
    public static class Statistic
    {
        public const string SampleCount = "SampleCount";
        public const string Average = "Average";
        public const string Sum = "Sum";
        public const string Minimum = "Minimum";
        public const string Maximum = "Maximum";
    }

    /// <summary>What an alarm does with periods that have no data (free text in the model).</summary>
    public static class TreatMissingData
    {
        public const string NotBreaching = "notBreaching";
        public const string Breaching = "breaching";
        public const string Ignore = "ignore";
        public const string Missing = "missing";
    }
}
