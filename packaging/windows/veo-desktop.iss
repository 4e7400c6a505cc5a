; Inno Setup script: Start menu entry, uninstaller, and "Open with Veo Desktop" for .png/.jpg/.jpeg/.webp.
; Build on Windows after `python packaging/build.py`:  iscc packaging\windows\veo-desktop.iss
#define AppName "Veo Desktop"
#define AppVersion "0.1.0"

[Setup]
AppId={{6B7F1C52-3C2A-4C1E-9B7D-5E2A8F0C4D11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Veo Desktop
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
UninstallDisplayIcon={app}\veo-desktop.exe
OutputDir=..\..\dist
OutputBaseFilename=veo-desktop-setup-{#AppVersion}
SetupIconFile=..\..\build\icons\veo-desktop.ico
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog

[Files]
Source: "..\..\dist\veo-desktop\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\veo-desktop.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"

[Registry]
Root: HKA; Subkey: "Software\Classes\Applications\veo-desktop.exe\shell\open\command"; ValueType: string; ValueData: """{app}\veo-desktop.exe"" ""%1"""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\veo-desktop.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"
Root: HKA; Subkey: "Software\Classes\Applications\veo-desktop.exe\SupportedTypes"; ValueType: string; ValueName: ".png"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\veo-desktop.exe\SupportedTypes"; ValueType: string; ValueName: ".jpg"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\veo-desktop.exe\SupportedTypes"; ValueType: string; ValueName: ".jpeg"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\veo-desktop.exe\SupportedTypes"; ValueType: string; ValueName: ".webp"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\.png\OpenWithList\veo-desktop.exe"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\.jpg\OpenWithList\veo-desktop.exe"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\.jpeg\OpenWithList\veo-desktop.exe"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\.webp\OpenWithList\veo-desktop.exe"; Flags: uninsdeletekey

[Run]
Filename: "{app}\veo-desktop.exe"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent
