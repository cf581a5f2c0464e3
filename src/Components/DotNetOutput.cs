using System.Text.RegularExpressions;

namespace Pipeline.Components;

/// <summary>
/// What <c>dotnet restore</c>/<c>build</c> print on success beyond one line per project: the closing summary ("Build
/// succeeded.", warning and error counts, "Time Elapsed") and blank lines. Kept off the output unless <c>--verbose</c>;
/// errors, warnings and "Build FAILED." always show.
/// </summary>
public static partial class DotNetOutput
{
    public static bool IsSuccessNoise(string line) => SuccessNoise().IsMatch(line);

    [GeneratedRegex(@"^\s*(?:|Build succeeded\.|0 Warning\(s\)|0 Error\(s\)|Time Elapsed [0-9:.]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SuccessNoise();
}
