using Collab.Grains.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Collab.Silo.Notifications;

/// <summary>The production email adapter: SMTP through MailKit, one connection per message.</summary>
public sealed class SmtpEmailSender(SmtpOptions options) : IEmailSender
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host, options.Port, options.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (options.Username is { Length: > 0 } username)
        {
            await client.AuthenticateAsync(username, options.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
