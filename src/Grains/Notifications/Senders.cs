namespace Collab.Grains.Notifications;

/// <summary>Sends an email. Messages never carry health data: codes, links and notices only.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default);
}

/// <summary>Sends a text message. Same rule: no health data.</summary>
public interface ISmsSender
{
    Task SendAsync(string to, string body, CancellationToken cancellationToken = default);
}

/// <summary>Absolute links for messages (emails, SMS): the platform's public address, then a path.</summary>
public sealed record PublicLinks(Uri BaseUrl)
{
    /// <summary>The PDF report of a consultation (opens after login).</summary>
    public Uri Report(Guid consultation) => new(BaseUrl, $"consultations/{consultation}/report.pdf");

    /// <summary>A page of the platform, such as <c>admin</c>.</summary>
    public Uri Page(string path) => new(BaseUrl, path.TrimStart('/'));
}
