namespace Collab.Grains.Notifications;

/// <summary>Absolute links for messages (emails, SMS): the platform's public address, then a path.</summary>
public sealed record PublicLinks(Uri BaseUrl)
{
    /// <summary>The PDF report of a consultation (opens after login).</summary>
    public Uri Report(Guid consultation) => new(BaseUrl, $"consultations/{consultation}/report.pdf");

    public Uri Discussion(Guid discussion) => new(BaseUrl, $"discussions/{discussion}");

    public Uri Mail() => new(BaseUrl, "mail");

    /// <summary>A page of the platform, such as <c>admin</c>.</summary>
    public Uri Page(string path) => new(BaseUrl, path.TrimStart('/'));
}
