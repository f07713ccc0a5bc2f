using Collab.Silo.Hosting;
using Collab.Web.Consultations;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Collab.Web.Mailboxes;

/// <summary>The port outgoing secure mail to other secure domains leaves through (<c>Mail:Relay:*</c>).</summary>
public interface IMailRelay
{
    /// <summary>Sends <paramref name="content"/> to <paramref name="to"/>; attachments are decrypted by <paramref name="readFile"/> as they are written.</summary>
    Task SendAsync(MailContent content, IReadOnlyList<string> to, Func<ItemBody, Stream, Task> readFile, CancellationToken cancellationToken = default);
}

/// <summary>
/// The outgoing relay through MailKit: one SMTP transaction per message to the configured relay (STARTTLS unless
/// <c>Mail:Relay:StartTls</c> is false). Without <c>Mail:Relay:Host</c>, <see cref="MailPost.ResolveAsync"/> refuses
/// outside addresses before anything is sent.
/// </summary>
public sealed class SmtpMailRelay(MailSettings settings) : IMailRelay
{
    public async Task SendAsync(MailContent content, IReadOnlyList<string> to, Func<ItemBody, Stream, Task> readFile, CancellationToken cancellationToken = default)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(content.From ?? $"postmaster@{settings.Domain}"));
        message.To.AddRange(to.Select(MailboxAddress.Parse));
        message.Subject = content.Subject;
        var body = new BodyBuilder { TextBody = content.Body };
        foreach (var file in content.Attachments)
        {
            var plaintext = new MemoryStream();
            await readFile(file, plaintext);
            plaintext.Position = 0;
            await body.Attachments.AddAsync(file.Name ?? "piece-jointe", plaintext, ContentType.Parse(file.ContentType ?? "application/octet-stream"), cancellationToken);
        }

        message.Body = body.ToMessageBody();
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.RelayHost ?? throw new InvalidOperationException("Mail:Relay:Host is not set."), settings.RelayPort, settings.RelayStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
