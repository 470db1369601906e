; Inno Setup 6 script: a per-user installer for the one-folder build in dist\agentbar\.
;   1. python packaging\build.py            (on Windows: gives dist\agentbar\agentbar.exe)
;   2. iscc packaging\windows\agentbar.iss  (gives dist\agentbar-0.1.0-setup.exe)
; Per-user (no admin rights): agents rarely have them. Start at login is NOT set here: the
; person turns it on in the toolbar's settings or with `agentbar-cli autostart enable`, which
; writes HKCU\Software\Microsoft\Windows\CurrentVersion\Run\agentbar; uninstalling removes it.

#define AppName "agentbar"
#define AppVersion "0.1.0"
#define Dist "..\..\dist\agentbar"

[Setup]
AppId={{D53E3F31-81A3-484B-A07D-F54FD426703D}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=agentbar
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
UninstallDisplayIcon={app}\agentbar.exe
; The running toolbar holds its files open: ask it to close first.
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\agentbar.exe"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\agentbar.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked
Name: "autostart"; Description: "Start agentbar when I log in"; Flags: unchecked

[Run]
Filename: "{app}\agentbar-cli.exe"; Parameters: "autostart enable"; Flags: runhidden; Tasks: autostart
Filename: "{app}\agentbar.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{app}\agentbar-cli.exe"; Parameters: "autostart disable"; Flags: runhidden; RunOnceId: "autostart"
