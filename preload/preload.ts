// The preload script of the app's window (context isolation on, sandbox on): exposes window.hub.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeHub } from './expose-hub.js';

exposeHub(contextBridge, ipcRenderer);
