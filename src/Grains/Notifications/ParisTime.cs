using System.Globalization;

namespace Collab.Grains.Notifications;

/// <summary>Times as French users read them: Europe/Paris, whatever the server's zone.</summary>
public static class ParisTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The instant in Paris time.</summary>
    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>For messages: <c>dd/MM/yyyy HH:mm</c>, Paris time.</summary>
    public static string Text(DateTimeOffset at) => Local(at).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>For messages: <c>dd/MM/yyyy</c>, the day in Paris.</summary>
    public static string Date(DateTimeOffset at) => Local(at).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
