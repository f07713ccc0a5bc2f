using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collab.Silo.Hosting;

public static class CollabLogging
{
    /// <summary>
    /// One line per entry on the console, plain or JSON. No provider here logs request bodies, and
    /// nothing should: health content only ever reaches the server encrypted.
    /// </summary>
    public static IHostApplicationBuilder AddCollabLogging(this IHostApplicationBuilder builder, LogFormat format)
    {
        builder.Logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        // Orleans is chatty at Information; its warnings and errors are what an operator needs.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        return builder;
    }
}
