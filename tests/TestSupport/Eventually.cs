namespace TestSupport;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test with <paramref name="what"/> when time runs out.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
