using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Security.Tests.Support;

/// <summary>The exceptions the service logged as errors, so a 500 in a report says what went wrong inside.</summary>
public sealed class ServerErrors : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    /// <summary>Everything logged since the last call, oldest first.</summary>
    public IReadOnlyList<string> Drain()
    {
        var drained = new List<string>();
        while (_errors.TryDequeue(out var error)) drained.Add(error);
        return drained;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(_errors);

    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || !IsEnabled(logLevel)) return;
            var inner = exception.GetBaseException();
            errors.Enqueue($"{inner.GetType().Name}: {inner.Message} {inner.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
        }
    }
}
