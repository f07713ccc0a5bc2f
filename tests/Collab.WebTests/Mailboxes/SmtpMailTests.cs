using System.Buffers;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collab.Testing;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SmtpServer;
using SmtpServer.Storage;

namespace Collab.WebTests.Mailboxes;

/// <summary>
/// Secure mail over SMTP, with MailKit as the outside system: a lab's software sends with an applicative mailbox's key to
/// a service's organisational mailbox; the readers its administrator granted open it, nobody else does, the audit trail
/// names them, and the database never holds the report's text. Every refusal is a clear SMTP or field error, nothing stored.
/// </summary>
public sealed class SmtpMailTests(SmtpMailTests.Factory factory) : IClassFixture<SmtpMailTests.Factory>
{
    /// <summary>The platform with its SMTP gateway on, <c>mssante.test</c> as another secure domain, and a relay to reach it.</summary>
    public sealed class Factory : CollabWebFactory
    {
        public Factory()
        {
            SmtpPort = FreePorts.Next();
            RelayPort = FreePorts.Next();
            Settings = new Dictionary<string, string>
            {
                ["Mail:SecureDomains"] = "mssante.test",
                ["Mail:Relay:Host"] = "127.0.0.1",
                ["Mail:Relay:Port"] = RelayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Mail:Relay:StartTls"] = "false",
            };
        }

        public int RelayPort { get; }
    }

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ");

    [Fact]
    public async Task A_lab_report_sent_by_smtp_with_an_applicative_key_reaches_the_two_granted_readers_only_traced_and_never_in_plaintext()
    {
        var world = await ServiceAsync();
        var canary = $"CANARY{Guid.NewGuid():N}";
        var report = Pdf.Concat(Encoding.ASCII.GetBytes($"Potassium 6.1 mmol/L {canary}-pdf")).ToArray();

        using (var smtp = await ConnectAsync())
        {
            await smtp.AuthenticateAsync(world.LabAddress, world.LabKey);
            await smtp.SendAsync(Message(world.LabAddress, world.ServiceAddress, $"Bilan {canary}-subject", $"Résultats joints {canary}-body", ("bilan.pdf", report)));
            await smtp.DisconnectAsync(true);
        }

        foreach (var reader in new[] { world.Responsible, world.Reader })
        {
            var box = await reader.Http.GetFromJsonAsync<JsonElement>($"/api/v1/mail?box={world.Service}");
            Assert.Equal(world.ServiceAddress, box.GetProperty("address").GetString());
            var inbox = await reader.Http.GetFromJsonAsync<JsonElement>($"/api/v1/mail/folders/Inbox?box={world.Service}");
            var mail = Assert.Single(inbox.EnumerateArray());
            Assert.Equal($"Bilan {canary}-subject", mail.GetProperty("content").GetProperty("subject").GetString());
            Assert.Equal(world.LabAddress, mail.GetProperty("content").GetProperty("from").GetString());
            var sequence = mail.GetProperty("sequence").GetInt64();
            var opened = await reader.Http.GetFromJsonAsync<JsonElement>($"/api/v1/mail/messages/{sequence}?box={world.Service}");
            Assert.Contains($"{canary}-body", opened.GetProperty("content").GetProperty("body").GetString());
            var file = Assert.Single(opened.GetProperty("content").GetProperty("attachments").EnumerateArray());
            Assert.Equal(report, await reader.Http.GetByteArrayAsync($"/mail/messages/{sequence}/files/{file.GetProperty("fileId").GetGuid()}?box={world.Service}"));
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await world.Outsider.Http.GetAsync($"/api/v1/mail/folders/Inbox?box={world.Service}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Outsider.Http.GetAsync($"/api/v1/mail/messages/1?box={world.Service}")).StatusCode);
        Assert.DoesNotContain(world.Service.ToString(), await world.Outsider.Http.GetStringAsync("/api/v1/mail/shared"));
        Assert.Contains(world.ServiceAddress, await world.Reader.Http.GetStringAsync("/api/v1/mail/shared"));

        var opens = await factory.Database.RowsAsync($"SELECT actor, acting_for FROM audit_event WHERE action = 'mailbox.open' AND object_id = '{world.Service}'");
        Assert.Equal(
            new[] { $"practitioner:{world.Responsible.Account.Id}", $"practitioner:{world.Reader.Account.Id}" }.Order(),
            opens.Select(r => (string)r[0]!).Distinct().Order());
        Assert.All(opens, r => Assert.Equal($"mailbox:{world.Service}", r[1]));
        Assert.Contains(await factory.Database.RowsAsync($"SELECT actor FROM audit_event WHERE action = 'mailbox.key.send' AND object_id = '{world.Lab}'"),
            r => ((string)r[0]!).StartsWith("mailkey:", StringComparison.Ordinal));
        Assert.Contains(await factory.Database.RowsAsync($"SELECT outcome FROM audit_event WHERE action = 'mailbox.access' AND object_id = '{world.Service}' AND actor = 'practitioner:{world.Outsider.Account.Id}'"), _ => true);

        var dump = await factory.Database.DumpAsync();
        Assert.Empty(TestDatabase.FormsFoundIn(dump, canary));
        Assert.Empty(TestDatabase.FormsFoundIn(dump, "Potassium 6.1"));
    }

    [Fact]
    public async Task Refusals_are_clear_and_store_nothing_an_unknown_recipient_a_revoked_key_an_oversized_attachment_a_sender_without_key_and_a_non_secure_address()
    {
        var world = await ServiceAsync();
        var before = await CountsAsync();

        using (var smtp = await ConnectAsync())
        {
            await smtp.AuthenticateAsync(world.LabAddress, world.LabKey);
            var unknown = await Assert.ThrowsAsync<SmtpCommandException>(() => smtp.SendAsync(Message(world.LabAddress, "inconnu@collab.localhost", "Bilan", "Texte")));
            Assert.Equal(SmtpErrorCode.RecipientNotAccepted, unknown.ErrorCode);
            Assert.Contains("no secure mailbox inconnu@collab.localhost", unknown.Message);

            var big = new byte[(21 * 1024 * 1024) + 1];
            var oversized = await Assert.ThrowsAsync<SmtpCommandException>(() => smtp.SendAsync(Message(world.LabAddress, world.ServiceAddress, "Imagerie", "Trop lourd", ("scanner.dcm", big))));
            Assert.Equal(SmtpErrorCode.MessageNotAccepted, oversized.ErrorCode);
            Assert.Contains("over 20 MB", oversized.Message);
        }

        using (var anonymous = await ConnectAsync())
        {
            var noKey = await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => anonymous.SendAsync(Message("labo@ailleurs.example", world.ServiceAddress, "Bilan", "Texte")));
            Assert.Contains("API key", noKey.Message);
        }

        var keyId = JsonSerializer.Deserialize<JsonElement>(await world.Admin.Http.GetStringAsync($"/api/v1/mail?box={world.Lab}")).GetProperty("keys")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.Http.DeleteAsync($"/api/v1/mailboxes/{world.Lab}/keys/{keyId}")).StatusCode);
        using (var revoked = await ConnectAsync())
        {
            await Assert.ThrowsAsync<AuthenticationException>(() => revoked.AuthenticateAsync(world.LabAddress, world.LabKey));
        }

        var forward = await world.Reader.Http.PostAsJsonAsync("/api/v1/mail", new { to = new[] { "dr.dupont@gmail.com" }, subject = "Transfert", body = "Bilan" });
        Assert.Equal(HttpStatusCode.BadRequest, forward.StatusCode);
        Assert.Contains("secure health (MSSanté) address", await forward.Content.ReadAsStringAsync());

        Assert.Equal(before, await CountsAsync());
        Assert.Contains(await factory.Database.RowsAsync($"SELECT outcome FROM audit_event WHERE action = 'mailbox.key.use' AND object_id = '{world.Lab}'"), r => Convert.ToInt32(r[0]) != 0);
    }

    [Fact]
    public async Task Mail_to_another_secure_domain_leaves_through_the_relay_and_mail_from_it_over_tls_is_filed()
    {
        var world = await ServiceAsync();
        var relayed = new TaskCompletionSource<MimeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Sink(relayed));
        var relay = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("mssante.test").Port(factory.RelayPort).Build(), services).StartAsync(stop.Token);

        var sent = await world.Reader.Http.PostAsJsonAsync("/api/v1/mail", new { to = new[] { "dr.durand@mssante.test" }, subject = "Avis de cardiologie", body = "Pas de contre-indication." });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var received = await relayed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("Avis de cardiologie", received.Subject);
        Assert.Equal("dr.durand@mssante.test", received.To.Mailboxes.Single().Address);
        await stop.CancelAsync();
        await relay;

        using (var operatorTls = await ConnectAsync())
        {
            await operatorTls.SendAsync(Message("dr.durand@mssante.test", world.ServiceAddress, "Réponse", "Merci."));
        }

        var inbox = await world.Reader.Http.GetFromJsonAsync<JsonElement>($"/api/v1/mail/folders/Inbox?box={world.Service}");
        Assert.Contains(inbox.EnumerateArray(), m => m.GetProperty("content").GetProperty("from").GetString() == "dr.durand@mssante.test");
    }

    private sealed class Sink(TaskCompletionSource<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            received.TrySetResult(await MimeMessage.LoadAsync(new MemoryStream(buffer.ToArray()), cancellationToken));
            return SmtpServer.Protocol.SmtpResponse.Ok;
        }
    }

    private sealed record World(TestSession Admin, TestSession Responsible, TestSession Reader, TestSession Outsider, Guid Service, string ServiceAddress, Guid Lab, string LabAddress, string LabKey);

    // A structure with its administrator, three practitioners, a cardiology mailbox read by two of them, and a lab's mailbox with a sending key.
    private async Task<World> ServiceAsync()
    {
        var admin = await TestSessions.ActiveAsync(factory, "Admin");
        var name = $"CHU {Guid.NewGuid():N}"[..12];
        var structure = await TestAccounts.StructureAsync(factory, admin.Account.Id, name);
        var responsible = await TestSessions.ActiveAsync(factory, "Responsable", structure);
        var reader = await TestSessions.ActiveAsync(factory, "Lectrice", structure);
        var outsider = await TestSessions.ActiveAsync(factory, "Tiers", structure);
        var service = await CreateAsync(admin, structure, new { kind = "Organisational", name = "Cardiologie", responsible = responsible.Account.Id, readers = new[] { reader.Account.Id } });
        var lab = await CreateAsync(admin, structure, new { kind = "Applicative", name = "Laboratoire", responsible = responsible.Account.Id });
        var key = await admin.Http.PostAsJsonAsync($"/api/v1/mailboxes/{lab.GetProperty("id").GetGuid()}/keys", new { scopes = new[] { "Send" } });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        var secret = (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        return new World(admin, responsible, reader, outsider, service.GetProperty("id").GetGuid(), service.GetProperty("address").GetString()!,
            lab.GetProperty("id").GetGuid(), lab.GetProperty("address").GetString()!, secret);
    }

    private static async Task<JsonElement> CreateAsync(TestSession admin, Guid structure, object request)
    {
        var created = await admin.Http.PostAsJsonAsync($"/api/v1/structures/{structure}/mailboxes", request);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return await created.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<SmtpClient> ConnectAsync()
    {
        _ = factory.Server; // the host (and its SMTP gateway) is up
        var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true }; // the development certificate is self-signed
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.ConnectAsync("127.0.0.1", factory.SmtpPort, SecureSocketOptions.StartTls);
                return client;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 50)
            {
                await Task.Delay(100); // the gateway starts with the host
            }
        }
    }

    private static MimeMessage Message(string from, string to, string subject, string text, params (string Name, byte[] Content)[] files)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        var body = new BodyBuilder { TextBody = text };
        foreach (var (name, content) in files)
        {
            body.Attachments.Add(name, content, ContentType.Parse("application/pdf"));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private async Task<(long Mail, long Chunks)> CountsAsync() =>
        ((await factory.Database.ScalarAsync<long>("SELECT count(*) FROM mail_item")), (await factory.Database.ScalarAsync<long>("SELECT count(*) FROM attachment_chunk")));
}
