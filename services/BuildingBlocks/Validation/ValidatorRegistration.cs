using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Validation;

public static class ValidatorRegistration
{
    /// <summary>
    /// A module's validators, once per process: they hold no state (their only dependency is the clock), and building
    /// one compiles an expression per rule, which per request cost more than the validation itself.
    /// </summary>
    public static IServiceCollection AddValidatorsOf<TModule>(this IServiceCollection services) =>
        services.AddValidatorsFromAssemblyContaining<TModule>(ServiceLifetime.Singleton, includeInternalTypes: true);
}
