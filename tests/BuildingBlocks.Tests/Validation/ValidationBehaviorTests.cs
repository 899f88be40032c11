using BuildingBlocks.Validation;
using FluentValidation;
using Mediator;

namespace BuildingBlocks.Tests.Validation;

public sealed class ValidationBehaviorTests
{
    public sealed record Rename(string Name) : ICommand<string>;

    private sealed class RenameValidator : AbstractValidator<Rename>
    {
        public RenameValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(5);
    }

    [Fact]
    public async Task Invalid_request_throws_with_every_failure_and_never_reaches_the_handler()
    {
        var behavior = new ValidationBehavior<Rename, string>([new RenameValidator()]);
        var handlerCalled = false;

        var failure = await Assert.ThrowsAsync<ValidationException>(async () => await behavior.Handle(new Rename(""),
            (_, _) => { handlerCalled = true; return ValueTask.FromResult("done"); }, CancellationToken.None));

        Assert.False(handlerCalled);
        Assert.Contains(failure.Errors, e => e.PropertyName == nameof(Rename.Name));
    }

    [Fact]
    public async Task Valid_request_reaches_the_handler()
    {
        var behavior = new ValidationBehavior<Rename, string>([new RenameValidator()]);

        var result = await behavior.Handle(new Rename("Ann"), (_, _) => ValueTask.FromResult("done"), CancellationToken.None);

        Assert.Equal("done", result);
    }
}
