using System.Collections.Concurrent;
using MassTransit;

namespace Feedback.Tests.Support;

/// <summary>Keeps every consumer fault's message, so a test can assert that none happened.</summary>
public sealed class FaultRecorder(ConcurrentBag<string> faults) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        faults.Add($"{typeof(T).Name}: {exception.GetBaseException().Message}");
        return Task.CompletedTask;
    }
}
