using System.Net;
using System.Net.Sockets;
using System.Text;
using Collab.Silo.Notifications;
using MimeKit;

namespace Collab.UnitTests.Notifications;

/// <summary>The SMTP adapter against a minimal SMTP server speaking the protocol's required replies.</summary>
public sealed class SmtpEmailSenderTests
{
    [Fact]
    public async Task A_message_goes_through_the_smtp_dialogue_with_its_headers_and_body()
    {
        using var server = new RecordingSmtpServer();
        var serving = server.ServeOneAsync();
        var sender = new SmtpEmailSender(new SmtpOptions("127.0.0.1", server.Port, null, null, "noreply@collab.test", StartTls: false));

        await sender.SendAsync("claire.martin@hopital-demo.fr", "Collab : code de connexion", "Votre code de connexion Collab : 123456");
        await serving;
        using var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(server.Data)));

        Assert.Contains("MAIL FROM:<noreply@collab.test>", server.Commands);
        Assert.Contains("RCPT TO:<claire.martin@hopital-demo.fr>", server.Commands);
        Assert.Equal("Collab : code de connexion", message.Subject);
        Assert.Equal("claire.martin@hopital-demo.fr", message.To.Mailboxes.Single().Address);
        Assert.Equal("Votre code de connexion Collab : 123456", message.TextBody?.Trim());
    }

    [Fact]
    public async Task A_refused_recipient_surfaces_as_an_error()
    {
        using var server = new RecordingSmtpServer(refuseRecipients: true);
        var serving = server.ServeOneAsync();
        var sender = new SmtpEmailSender(new SmtpOptions("127.0.0.1", server.Port, null, null, "noreply@collab.test", StartTls: false));

        await Assert.ThrowsAnyAsync<Exception>(() => sender.SendAsync("nobody@invalid.test", "s", "b"));
        await serving;
    }

    private sealed class RecordingSmtpServer(bool refuseRecipients = false) : IDisposable
    {
        private readonly TcpListener _listener = Start();

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public List<string> Commands { get; } = [];

        public string Data { get; private set; } = "";

        public async Task ServeOneAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost ESMTP test");
            while (await reader.ReadLineAsync() is { } line)
            {
                Commands.Add(line);
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        await writer.WriteLineAsync(refuseRecipients ? "550 5.1.1 No such user" : "250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        Data = data.ToString();
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }

        public void Dispose() => _listener.Stop();

        private static TcpListener Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }
    }
}
