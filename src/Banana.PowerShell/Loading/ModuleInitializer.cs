using System.Management.Automation;

namespace Banana.PowerShell.Loading
{
    /// <summary>
    /// Runs when <c>Import-Module</c> loads Banana.PowerShell.dll, before any cmdlet binds: makes the private
    /// dependencies in <c>Dependencies/</c> loadable, and stops answering for them when the module is removed.
    /// PowerShell lists the module's public types before it calls <see cref="OnImport"/>, so no public type of this
    /// assembly may need Banana.Client or Banana.Engine to load: no value-type fields (enums, structs) of their
    /// types and no base types or interfaces from them. References to their classes are fine, they load lazily.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyResolver.Install();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyResolver.Uninstall();
    }
}
