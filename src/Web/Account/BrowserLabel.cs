namespace Collab.Web.Account;

/// <summary>A browser's User-Agent as a person recognises it ("Chrome, Linux"), for their sessions list.</summary>
public static class BrowserLabel
{
    private static readonly (string Token, string Name)[] Browsers =
        [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari")];

    private static readonly (string Token, string Name)[] Systems =
        [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")];

    /// <summary>The browser and system named in <paramref name="userAgent"/>, or null when neither is recognised.</summary>
    public static string? Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name;
        var system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name;
        return (browser, system) switch
        {
            (null, null) => null,
            (_, null) => browser,
            (null, _) => system,
            _ => $"{browser}, {system}",
        };
    }
}
