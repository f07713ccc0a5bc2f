using System.Globalization;
using System.Resources;
using Collab.Contracts.Practitioners;

namespace Collab.Grains.Notifications;

/// <summary>
/// The texts of emails and SMS, in the recipient's language: <c>Resources/Notices.resx</c> (French, the default) and
/// <c>Notices.en.resx</c>. A notice says that there is something to see, never what: no patient, no question.
/// </summary>
public static class Notices
{
    /// <summary>The languages notices are written in; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    internal static readonly ResourceManager Texts = new("Collab.Grains.Notifications.Resources.Notices", typeof(Notices).Assembly);

    /// <summary>A language notices are written in: the one asked for when there is one, French otherwise.</summary>
    public static string Language(string? requested) =>
        Languages.FirstOrDefault(l => string.Equals(l, requested?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? Languages[0];

    /// <summary>One text (<paramref name="name"/> in the resources), formatted in <paramref name="language"/>.</summary>
    public static string Text(string language, string name, params object?[] args)
    {
        var culture = CultureInfo.GetCultureInfo(Language(language));
        var format = Texts.GetString(name, culture) ?? throw new InvalidOperationException($"No notice text named {name}.");
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }

    /// <summary>The subject (<c>{notice}.Subject</c>) and body (<c>{notice}.Body</c>, formatted with <paramref name="args"/>) of a notice.</summary>
    public static (string Subject, string Body) Of(string language, string notice, params object?[] args) =>
        (Text(language, notice + ".Subject"), Text(language, notice + ".Body", args));

    /// <summary>Emails a notice to a practitioner, in their language.</summary>
    public static Task SendAsync(this IEmailSender email, PractitionerProfile to, string notice, params object?[] args)
    {
        var (subject, body) = Of(to.Language, notice, args);
        return email.SendAsync(to.Email, subject, body);
    }
}
