using System.Buffers;
using Collab.Contracts.Access;
using Collab.Contracts.Errors;
using Collab.Contracts.Mailboxes;
using Collab.Grains.Consultations;
using Collab.Silo.Hosting;
using Collab.Web.Consultations;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Collab.Web.Mailboxes;

/// <summary>
/// The platform's SMTP door (<c>Mail:Smtp:Port</c>, README "Secure mail over SMTP"): software sends with an applicative
/// mailbox's address and API key (AUTH PLAIN or LOGIN, only after STARTTLS), and other secure domains of the allow-list
/// deliver over TLS without AUTH. A recipient that is not a mailbox of this platform is refused in the dialogue (RCPT TO),
/// an oversized message or attachment at its end (DATA) — nothing is stored. An accepted message is read in memory,
/// its attachments encrypted into the store, and the message encrypted to each recipient mailbox (<see cref="MailPost"/>).
/// </summary>
public sealed partial class SmtpGateway(MailPost post, IGrainFactory grains, IAttachmentStore files, Grains.Mailboxes.IMailStore mail, ILogger<SmtpGateway> logger)
    : IMailboxFilter, IUserAuthenticator, IMessageStore
{
    /// <summary>The largest attachment, as in the webmail.</summary>
    public const long MaxAttachmentBytes = 20 * 1024 * 1024;

    private const string SenderKey = "collab.sender";
    private const string AddressKey = "collab.address";
    private const string RecipientsKey = "collab.recipients";

    /// <summary>Starts listening; stopped with <paramref name="stopping"/>.</summary>
    public Task RunAsync(MailSettings settings, CancellationToken stopping)
    {
        var certificate = ClusterCertificate.LoadOrCreate(settings.CertificatePath, settings.CertificatePassword, settings.Domain);
        var options = new SmtpServerOptionsBuilder()
            .ServerName(settings.Domain)
            .MaxMessageSize(MailSettings.MaxSmtpBytes)
            .Endpoint(endpoint => endpoint.Port(settings.SmtpPort, isSecure: false).AllowUnsecureAuthentication(false).Certificate(certificate))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add((IMailboxFilter)this);
        services.Add((IUserAuthenticator)this);
        services.Add((IMessageStore)this);
        return new SmtpServer.SmtpServer(options, services).StartAsync(stopping);
    }

    public async Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        if (await post.MailboxOfAsync(user) is not { } mailbox)
        {
            return false;
        }

        try
        {
            context.Properties[SenderKey] = await grains.Grain<IMailboxGrain>(mailbox).Authenticate(password, MailKeyScopes.Send, Remote(context));
            context.Properties[AddressKey] = user.Trim().ToLowerInvariant();
            return true;
        }
        catch (DomainException)
        {
            return false; // refused and traced by the mailbox
        }
    }

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        if (size > MailSettings.MaxSmtpBytes)
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SizeLimitExceeded, $"5.3.4 messages are limited to {MailSettings.MaxSmtpBytes / 1024 / 1024} MB"));
        }

        var address = $"{from.User}@{from.Host}".ToLowerInvariant();
        if (context.Properties.TryGetValue(AddressKey, out var authenticated))
        {
            return address == (string)authenticated
                ? Task.FromResult(true)
                : throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxNameNotAllowed, "5.7.1 the sender must be the authenticated mailbox's address"));
        }

        if (context.Pipe.IsSecure && post.Settings.IsSecure(from.Host))
        {
            context.Properties[SenderKey] = Caller.Relay(from.Host.ToLowerInvariant(), Remote(context).IpAddress);
            return Task.FromResult(true);
        }

        throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.AuthenticationRequired,
            "5.7.0 authenticate with the mailbox's address and API key after STARTTLS (or deliver from a secure domain over TLS)"));
    }

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var address = $"{to.User}@{to.Host}";
        if (!string.Equals(to.Host, post.Settings.Domain, StringComparison.OrdinalIgnoreCase) || await post.MailboxOfAsync(address) is not { } mailbox)
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, $"5.1.1 no secure mailbox {address.ToLowerInvariant()} on this platform"));
        }

        // Kept for the message: the mailboxes found here are the ones it is filed in.
        var recipients = context.Properties.TryGetValue(RecipientsKey, out var found) ? (Dictionary<string, Guid>)found : [];
        recipients[address.ToLowerInvariant()] = mailbox;
        context.Properties[RecipientsKey] = recipients;
        return true;
    }

    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var sender = (Caller)context.Properties[SenderKey];
        using var message = await MimeMessage.LoadAsync(new MemoryStream(buffer.ToArray()), cancellationToken); // in memory only, until encrypted
        var parts = message.Attachments.OfType<MimePart>().ToList();
        var decoded = new List<(MimePart Part, MemoryStream Content)>();
        foreach (var part in parts)
        {
            var content = new MemoryStream();
            await part.Content!.DecodeToAsync(content, cancellationToken);
            if (content.Length > MaxAttachmentBytes)
            {
                return new SmtpResponse(SmtpReplyCode.SizeLimitExceeded, $"5.3.4 attachment {part.FileName} is over {MaxAttachmentBytes / 1024 / 1024} MB: nothing was stored");
            }

            content.Position = 0;
            decoded.Add((part, content));
        }

        var accepted = (Dictionary<string, Guid>)context.Properties[RecipientsKey];
        var recipients = transaction.To.Select(to => accepted[$"{to.User}@{to.Host}".ToLowerInvariant()]).ToList();

        if (sender.MailboxId is { } own)
        {
            recipients.Add(own); // the sending software's copy, in its sent folder
        }

        var messageId = Guid.NewGuid();
        try
        {
            var attachments = new List<ItemBody>();
            foreach (var (part, content) in decoded)
            {
                attachments.Add(await Conversations.ConversationClient.StoreFileAsync(files, messageId, content, part.FileName ?? "piece-jointe", part.ContentType.MimeType, content.Length, cancellationToken));
            }

            var body = new MailContent(message.Subject ?? "", message.TextBody ?? message.HtmlBody ?? "", [.. message.To.Mailboxes.Select(m => m.Address)], attachments,
                $"{transaction.From.User}@{transaction.From.Host}".ToLowerInvariant(), [.. message.Cc.Mailboxes.Select(m => m.Address)]);
            await post.DeliverAsync(messageId, body, [.. recipients.Distinct()], sender);
            return SmtpResponse.Ok;
        }
        catch (Exception e) when (e is DomainException or Orleans.Runtime.OrleansException or TimeoutException)
        {
            await mail.ForgetFilesAsync(messageId, CancellationToken.None);
            LogRefused(logger, e.GetType().Name, context.SessionId);
            return new SmtpResponse(SmtpReplyCode.TransactionFailed, "4.3.0 the message could not be filed; nothing was stored, try again later");
        }
        finally
        {
            foreach (var (_, content) in decoded)
            {
                await content.DisposeAsync();
            }
        }
    }

    private static Caller Remote(ISessionContext context) =>
        new("smtp", null, context.Properties.TryGetValue(SmtpServer.Net.EndpointListener.RemoteEndPointKey, out var endpoint) ? (endpoint as System.Net.IPEndPoint)?.Address.ToString() : null, "smtp");

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP message refused after DATA ({Reason}, session {Session}); nothing stored")]
    private static partial void LogRefused(ILogger logger, string reason, Guid session);
}

/// <summary>Runs the <see cref="SmtpGateway"/> when <c>Mail:Smtp:Port</c> is set (not 0).</summary>
public sealed partial class SmtpGatewayService(SmtpGateway gateway, MailSettings settings, ILogger<SmtpGatewayService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.SmtpPort == 0)
        {
            return Task.CompletedTask;
        }

        LogListening(logger, settings.SmtpPort, settings.Domain);
        return gateway.RunAsync(settings, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Secure mail: SMTP on port {Port} for {Domain} (STARTTLS; AUTH with an applicative mailbox's API key)")]
    private static partial void LogListening(ILogger logger, int port, string domain);
}
