namespace Collab.Testing;

/// <summary>Waits for a condition that becomes true asynchronously, failing with a message after a timeout.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                var value = await probe();
                if (done(value))
                {
                    return value;
                }
            }
            catch (Exception e) when (DateTime.UtcNow < deadline)
            {
                last = e;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.", last);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked every 20 ms), for at most <paramref name="timeout"/> (20 s unless told).</summary>
    public static async Task TrueAsync(Func<bool> condition, string what = "the condition", TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
