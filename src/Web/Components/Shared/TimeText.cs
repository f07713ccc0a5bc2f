using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Collab.Web.Components.Shared;

/// <summary>Dates, times and durations as users read them: in Europe/Paris, 24-hour, in the page's culture.</summary>
public static class TimeText
{
    /// <summary>"01/12/2026 19:58" in French, "1 Dec 2026 19:58" in English: never a 12-hour clock or a US month/day order.</summary>
    public static string DateTime(DateTimeOffset at) => UiCulture.Local(at).ToString(English ? "d MMM yyyy HH:mm" : "dd/MM/yyyy HH:mm", CultureInfo.CurrentCulture);

    /// <summary>"01/12/2026" in French, "1 Dec 2026" in English.</summary>
    public static string Date(DateTimeOffset at) => Date(DateOnly.FromDateTime(UiCulture.Local(at).DateTime));

    /// <summary>A calendar date (a birth date) as <see cref="Date(DateTimeOffset)"/> writes it.</summary>
    public static string Date(DateOnly date) => date.ToString(English ? "d MMM yyyy" : "dd/MM/yyyy", CultureInfo.CurrentCulture);

    /// <summary>"19:58".</summary>
    public static string Time(DateTimeOffset at) => UiCulture.Local(at).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static bool English => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "en";

    /// <summary>How long, in the largest whole unit: "12 min", "5 h", "3 j" ("3 d" in English).</summary>
    public static string Duration(IStringLocalizer<Ui> l, TimeSpan span) =>
        span.TotalDays >= 1 ? string.Format(CultureInfo.CurrentCulture, l["Time.Days"], (int)span.TotalDays)
        : span.TotalHours >= 1 ? string.Format(CultureInfo.CurrentCulture, l["Time.Hours"], (int)span.TotalHours)
        : string.Format(CultureInfo.CurrentCulture, l["Time.Minutes"], Math.Max(0, (int)span.TotalMinutes));
}
