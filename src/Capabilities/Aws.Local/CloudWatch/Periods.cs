using System.Globalization;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>CloudWatch's periods: 1, 5, 10, 20 or 30 seconds (high resolution), or a multiple of 60.</summary>
internal static class Periods
{
    public static int Validate(int period) => period is 1 or 5 or 10 or 20 or 30 || period > 0 && period % 60 == 0
        ? period
        : throw CloudWatchException.InvalidParameter(
            $"The parameter Period {period.ToString(CultureInfo.InvariantCulture)} is not valid: it must be 1, 5, 10, 20, 30, or a multiple of 60.");
}
