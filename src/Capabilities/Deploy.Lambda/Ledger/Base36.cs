namespace Pipeline.Deploy.Lambda.Ledger;

/// <summary>Compact non-negative numbers for the alias description: 0-9 then a-z.</summary>
internal static class Base36
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static string Format(long value)
    {
        if (value <= 0)
        {
            return "0";
        }

        var chars = new Stack<char>();
        for (var v = value; v > 0; v /= 36)
        {
            chars.Push(Digits[(int)(v % 36)]);
        }

        return new string([.. chars]);
    }

    public static bool TryParse(string text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 12)
        {
            return false;
        }

        foreach (var c in text)
        {
            var digit = Digits.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            value = (value * 36) + digit;
        }

        return true;
    }
}
